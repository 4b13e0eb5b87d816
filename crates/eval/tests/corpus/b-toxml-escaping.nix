builtins.toXML "<tag attr=\"v\"> & 'q'\n"
