# mm/vma_desc.c: mmap_action_violation(): kernel pages may start below the mapping
s/^\t\tif (!PAGE_ALIGNED(start) || !nr || start < desc->start ||$/\t\tif (!PAGE_ALIGNED(start) || !nr ||/
