"/x" + ./data/hello.txt
