# mm/vma_desc.c: mmap_action_violation(): a stacking hook may change the flags or offset of a mapping it left to a lower ->mmap()
s/^\t\tif (desc->vm_flags != vm_flags || desc->pgoff != pgoff ||$/\t\tif (0 ||/
