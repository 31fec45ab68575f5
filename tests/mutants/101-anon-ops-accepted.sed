# mm/vma_desc.c: vma_desc_violation(): anonymous memory with private data is accepted
s/^\t\tif (desc->vm_ops || desc->private_data ||$/\t\tif (desc->vm_ops || 0 ||/
