# mm/vma_desc.c: call_mmap_prepare(): the memlock limit no longer checked for a hook that locks the mapping
s/^\tif ((desc->vm_flags & ~vm_flags & VM_LOCKED) &&$/\tif (0 \&\& (desc->vm_flags \& ~vm_flags \& VM_LOCKED) \&\&/
