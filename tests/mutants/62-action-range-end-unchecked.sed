# mm/vma_desc.c: mmap_action_violation(): a remap range may run past the end of the mapping
s/^\t\t    size > desc->end - start)$/\t\t    0)/
