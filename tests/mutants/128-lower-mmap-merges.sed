# mm/vma.c: __mmap_region(): a range left to a lower ->mmap() merges into a neighbour, and the method never runs
s/^\tvma = cred ? NULL : vma_merge_new_range(\&vmg);$/\tvma = vma_merge_new_range(\&vmg);/
