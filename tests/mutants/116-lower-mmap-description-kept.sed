# mm/vma_desc.c: mmap_action_violation(): a stacking hook may give a mapping it left to a lower ->mmap() operations or data
s/^\t\t    desc->vm_ops || desc->private_data ||$/\t\t    0 ||/
