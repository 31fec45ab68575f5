# mm/vma_desc.c: call_mmap_prepare(): the memlock check's VM_LOCKED test inverted (checks the hooks that do not lock)
s/^\tif ((desc->vm_flags & ~vm_flags & VM_LOCKED) &&$/\tif (!(desc->vm_flags \& ~vm_flags \& VM_LOCKED) \&\&/
