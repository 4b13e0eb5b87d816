[ (null == null) (null == false) (builtins.isNull null) (builtins.typeOf null) ]
