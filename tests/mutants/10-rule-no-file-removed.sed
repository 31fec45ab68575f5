# mm/vma_desc.c: vma_desc_violation(): the rule "cleared the file to map" removed
s/^\tif (!desc->vm_file)$/\tif (0 \&\& !desc->vm_file)/
