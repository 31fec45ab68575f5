# mm/vma_desc.c: __compat_vma_mmap_prepare(): a failing ->mapped() does not fail a stacking caller
s/^\t\terr = desc.vm_ops->mapped(vma->vm_start, vma->vm_end,$/\t\t(void)desc.vm_ops->mapped(vma->vm_start, vma->vm_end,/
