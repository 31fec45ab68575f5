# mm/vma_desc.c: vma_desc_violation(): the rule "added a permission flag" removed (the next rule still refuses the flag, but names the wrong rule)
s/^\t\tif (set & VM_DESC_PERM_FLAGS)$/\t\tif (0 \&\& (set \& VM_DESC_PERM_FLAGS))/
