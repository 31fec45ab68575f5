# mm/vma.c: mmap_action_complete(): failed page tables ignore the error override
s/^\treturn action->error_override ?: err;$/\treturn err;/
