# mm/vma_desc.c: call_mmap_prepare(): a hook that breaks a rule gets 0 instead of -EINVAL
s/^\t\terr = -EINVAL;$/\t\terr = 0;/
