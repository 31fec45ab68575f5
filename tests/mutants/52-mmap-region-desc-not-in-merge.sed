# mm/vma.c: __mmap_region(): the merge does not see the desc (merges whatever vm_ops, private data, page protection the hook chose)
/^\tvmg\.desc = desc;$/d
