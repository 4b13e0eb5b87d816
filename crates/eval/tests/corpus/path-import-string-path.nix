import (toString ./data/lib.nix)
