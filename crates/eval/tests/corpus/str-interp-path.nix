"${./data/hello.txt}"
