# mm/vma_desc.c: mmap_action_violation(): a hook may clear the flags its action implies
s/^\tif ((desc->vm_flags \& needs) != needs)$/\tif (0 \&\& (desc->vm_flags \& needs) != needs)/
