[ "${./data/hello.txt}" (builtins.stringLength "${./data/dir}") ]
