# mm/vma_desc.c: mmap_action_violation(): kernel pages may run past the end of the mapping
s/^\t\t    nr > (desc->end - start) >> PAGE_SHIFT)$/\t\t    0)/
