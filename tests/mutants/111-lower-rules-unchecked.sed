# mm/vma_desc.c: mmap_prepare_lower(): the lower hook is called directly, its rules unchecked
s/^\terr = call_mmap_prepare(f_op, \&nested);$/\terr = f_op->mmap_prepare(\&nested);/
