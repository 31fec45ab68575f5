# mm/vma_desc.c: vma_desc_violation(): the rule "took away a permission the caller asked for" removed (the rule on VM_DESC_MAY_CLEAR still refuses it, but names the wrong rule)
s/^\t\tif (cleared & VM_ACCESS_FLAGS)$/\t\tif (0 \&\& (cleared \& VM_ACCESS_FLAGS))/
