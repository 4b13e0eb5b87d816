abort "aborted here"
