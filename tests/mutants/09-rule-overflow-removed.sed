# mm/vma_desc.c: vma_desc_violation(): the rule "set an offset that makes the range overflow" removed
s/^\tif (desc->pgoff + pages < desc->pgoff)$/\tif (0 \&\& desc->pgoff + pages < desc->pgoff)/
