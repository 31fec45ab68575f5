# mm/vma_desc.c: vma_desc_violation(): the rule "cleared a flag only the core may clear" removed
s/^\t\tif (cleared & ~VM_DESC_MAY_CLEAR)$/\t\tif (0 \&\& (cleared \& ~VM_DESC_MAY_CLEAR))/
