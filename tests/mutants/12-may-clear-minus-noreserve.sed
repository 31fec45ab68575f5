# mm/vma_desc.c: VM_DESC_MAY_CLEAR: VM_NORESERVE removed (a hook may no longer have its mapping charged)
s/^\(\t*\) VM_RAND_READ | VM_NORESERVE)$/\1 VM_RAND_READ)/
