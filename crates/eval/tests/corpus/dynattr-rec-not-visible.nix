let k = "x"; in (rec { ${k} = 1; y = 2; })
