# mm/vma_desc.c: vma_desc_violation(): a shared mapping made anonymous is accepted
s/^\t\tif (desc->vm_flags & VM_SHARED)$/\t\tif (0 \&\& (desc->vm_flags \& VM_SHARED))/
