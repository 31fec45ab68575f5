# mm/vma_desc.c: mmap_action_violation(): a remap range may start below the mapping
s/^\t\t    start < desc->start || start >= desc->end ||$/\t\t    start >= desc->end ||/
