assert "a" == "b"; 3
