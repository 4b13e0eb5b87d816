assert true && (1 == 2); 1
