# mm/vma_desc.c: vma_desc_violation(): the rule "kept a permission whose VM_MAY* flag it cleared" removed
s/^\t\tif (desc->vm_flags & (cleared >> 4) &$/\t\tif (0 \&\& desc->vm_flags \& (cleared >> 4) \&/
