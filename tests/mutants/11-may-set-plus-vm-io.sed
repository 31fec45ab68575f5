# mm/vma_desc.c: VM_DESC_MAY_SET: VM_IO added (a hook may make a mapping VM_IO)
s/^\(\t*\) VM_HUGEPAGE | VM_NOHUGEPAGE)$/\1 VM_HUGEPAGE | VM_NOHUGEPAGE | VM_IO)/
