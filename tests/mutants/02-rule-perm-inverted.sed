# mm/vma_desc.c: vma_desc_violation(): the rule "added a permission flag" inverted (refuses every other flag a hook sets)
s/^\t\tif (set & VM_DESC_PERM_FLAGS)$/\t\tif (!(set \& VM_DESC_PERM_FLAGS))/
