# mm/vma.c: vma_matches_desc(): private data no longer compared
/^\t       vma->vm_private_data == desc->private_data &&$/d
