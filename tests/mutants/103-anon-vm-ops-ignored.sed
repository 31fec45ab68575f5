# mm/vma.c: vma_desc_vm_ops(): a VMA made anonymous gets the dummy operations
s/^\tif (desc->anonymous)$/\tif (0 \&\& desc->anonymous)/
