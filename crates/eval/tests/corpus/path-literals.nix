[ /abs/path /a/b/../c /a/./b /a/b/. /a/../.. ]
