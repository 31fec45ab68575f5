# mm/vma.c: mmap_action_prepare(): a refused reservation ignores the error override
s/^\t\treturn action->error_override ?: err;$/\t\treturn err;/
