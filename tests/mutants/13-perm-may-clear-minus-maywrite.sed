# mm/vma_desc.c: VM_DESC_PERM_MAY_CLEAR: VM_MAYWRITE removed (a hook may no longer make a shared mapping one that can never be written)
s/^#define VM_DESC_PERM_MAY_CLEAR\t(VM_SHARED | VM_MAYREAD | VM_MAYWRITE | \\$/#define VM_DESC_PERM_MAY_CLEAR\t(VM_SHARED | VM_MAYREAD | \\/
