# mm/vma_desc.c: vma_desc_violation(): VM_IO and VM_PFNMAP allowed without an action
s/(VM_DESC_MAY_SET | mmap_action_flags(\&desc->action))/(VM_DESC_MAY_SET | VM_REMAP_FLAGS)/
