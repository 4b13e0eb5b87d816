builtins.toJSON (builtins.fromJSON ''"ctl:\u0001 \r \u001f del:\u007f tab:\t"'')
