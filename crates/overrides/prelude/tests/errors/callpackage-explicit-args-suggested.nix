# Explicit arguments count as candidates too.
lib.callPackageWith { } ({ colour }: colour) { color = 1; }
