[ (true && false) (true || false) (!true) (false -> true) (true -> false) (!(1 == 2)) ]
