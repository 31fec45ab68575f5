# mm/vma_desc.c: vma_desc_violation(): the rule "set a flag only the core may set" removed
s/^\t\tif (set \& ~(VM_DESC_MAY_SET | mmap_action_flags(\&desc->action)))$/\t\tif (0 \&\& (set \& ~(VM_DESC_MAY_SET | mmap_action_flags(\&desc->action))))/
