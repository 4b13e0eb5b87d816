[ ("a" < "b") ("B" < "a") ("" < "a") ("abc" < "abd") ("ab" < "abc") ("z" > "aaaa") ]
