# mm/vma_desc.c: mmap_action_violation(): a hook may ask for a lower ->mmap() itself, with no lower file
s/^\t\tif (desc->vm_file == desc->file || !action->lower.cred)$/\t\tif (0)/
