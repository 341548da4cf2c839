"""Everything a member sends, bounded and cleaned before any rule sees it: the one sanitiser and
the one text-cleaning path, form fields, strict JSON bodies, URL converters and search words."""
