# mm/vma_desc.c: vma_desc_violation(): the rule "made a writable shared mapping private" inverted (refuses it for a read-only one instead)
s/^\t\t    (desc->vm_flags & (VM_WRITE | VM_MAYWRITE)))$/\t\t    !(desc->vm_flags \& (VM_WRITE | VM_MAYWRITE)))/
