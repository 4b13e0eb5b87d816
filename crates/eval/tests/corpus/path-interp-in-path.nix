let x = "b"; in [ /a/${x}/c /a/${x} ]
