# mm/vma.c: vma_desc_complete(): ->mapped() is called only for a description with an action
s/^\tif (action->type == MMAP_NOTHING \&\& !(ops \&\& ops->mapped))$/\tif (action->type == MMAP_NOTHING)/
