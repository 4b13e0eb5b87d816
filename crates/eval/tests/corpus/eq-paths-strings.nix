[ (./a == "./a") ("${toString ./a}" == toString ./a) (/foo == /foo) (/foo/bar == /foo/bar/.) ]
