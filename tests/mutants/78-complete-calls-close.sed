# mm/vma.c: vma_desc_complete(): the VMA of a failed action is unmapped with its operations (->close())
s/^\tvma->vm_ops = \&vma_dummy_vm_ops;$/\t(void)vma;/
