# mm/vma.c: vma_desc_complete(): ->mapped() is called only for a description with an action
s/^\t    !(desc->vm_ops \&\& desc->vm_ops->mapped))$/\t    1)/
