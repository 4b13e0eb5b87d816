{ a = abort "abort in attr"; }
