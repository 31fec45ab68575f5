# mm/vma_desc.c: vma_desc_violation(): the rule "made a writable shared mapping private" removed
s/^\t\tif ((cleared & VM_SHARED) &&$/\t\tif (0 \&\& (cleared \& VM_SHARED) \&\&/
